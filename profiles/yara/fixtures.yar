// Markers the harmless fixtures and test programs carry, so a run can prove YARA saw them.

rule petri_fixture_marker : fixture
{
    meta:
        description = "petri fixture marker string"
        author = "petri"
        severity = 1
    strings:
        $marker = "PETRI_FIXTURE_MARKER"
    condition:
        $marker
}

rule petri_canary_token : fixture exfiltration
{
    meta:
        description = "a petri decoy credential canary token in the object"
        author = "petri"
    strings:
        $token = /PETRI-CANARY-[0-9a-f]{16}/
    condition:
        $token
}

// Default decoy Windows data for the template prefix (shared by every run, so placeholder secrets
// only). Per-run decoys with fresh canary tokens come from the profile's decoys/windows tree
// (WineDecoySeed), seeded above the template at the same paths; the contacts match the Linux decoys.
import Foundation

public enum WineDecoys {
    /// Paths relative to drive_c and their contents.
    public static func defaults(user: String) -> [(String, Data)] {
        let roaming = "users/\(user)/AppData/Roaming"
        var sqlite = Data("SQLite format 3\0".utf8)
        sqlite.append(Data(count: 84))  // header size; a reader that only checks the magic is satisfied
        sqlite.append(Data("CREATE TABLE Accounts (skypename TEXT, fullname TEXT, emails TEXT); live:\(user).workstation".utf8))
        let logins = """
            {"nextId":3,"logins":[{"id":1,"hostname":"https://mail.example","httpRealm":null,"formSubmitURL":"https://mail.example",\
            "usernameField":"login","passwordField":"password","encryptedUsername":"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECGRlY295AAAABBDlY295dXNlcgAAAAAAAA==",\
            "encryptedPassword":"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECHBldHJpAAAABBBkZWNveXBhc3MAAAAAAAA=",\
            "guid":"{5c2e0a55-9d3b-4a8e-9e67-petri000001}","encType":1,"timeCreated":1700000000000,"timeLastUsed":1700000000000,\
            "timePasswordChanged":1700000000000,"timesUsed":12},{"id":2,"hostname":"https://bank.example","httpRealm":null,\
            "formSubmitURL":"https://bank.example","usernameField":"user","passwordField":"pass",\
            "encryptedUsername":"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECGJhbmsAAAAABBBiYW5rdXNlcgAAAAAAAA==",\
            "encryptedPassword":"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECHNlY3JldAAABBBiYW5rcGFzcwAAAAAAAA==",\
            "guid":"{5c2e0a55-9d3b-4a8e-9e67-petri000002}","encType":1,"timeCreated":1700000000000,"timeLastUsed":1700000000000,\
            "timePasswordChanged":1700000000000,"timesUsed":3}],"potentiallyVulnerablePasswords":[],"dismissedBreachAlertsByLoginGUID":{},\
            "version":3}
            """
        let profilesIni = """
            [Profile0]\r
            Name=default-release\r
            IsRelative=1\r
            Path=Profiles/x7k2m9qd.default-release\r
            Default=1\r
            \r
            [General]\r
            StartWithLastProfile=1\r
            Version=2\r

            """
        let contacts = """
            <?xml version="1.0" encoding="utf-8"?>
            <contacts owner="live:\(user).workstation">
              <contact skypename="bob.chen" fullname="Bob Chen" phone="+1 555 0101"/>
              <contact skypename="carol.ross" fullname="Carol Ross" phone="+1 555 0102"/>
              <contact skypename="dave.k" fullname="Dave Kowalski" phone="+1 555 0103"/>
              <contact skypename="erin.w" fullname="Erin Walsh" phone="+1 555 0104"/>
              <contact skypename="frank.o" fullname="Frank Osei" phone="+1 555 0105"/>
              <contact skypename="grace.h" fullname="Grace Huang" phone="+1 555 0106"/>
            </contacts>

            """
        let document = """
            Q3 budget - draft\r
            \r
            Vendor payments due: 14 Oct\r
            VPN: vpn.corp.example  user: \(user)  (password in the password manager)\r

            """
        return [
            ("\(roaming)/Skype/\(user)/main.db", sqlite),
            ("\(roaming)/Skype/\(user)/contacts.xml", Data(contacts.utf8)),
            ("\(roaming)/Mozilla/Firefox/profiles.ini", Data(profilesIni.utf8)),
            ("\(roaming)/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/logins.json", Data(logins.utf8)),
            ("\(roaming)/Mozilla/Firefox/Profiles/x7k2m9qd.default-release/key4.db", sqlite),
            ("users/\(user)/Documents/Q3 budget.txt", Data(document.utf8)),
        ]
    }
}

import Foundation
import PetriGuest
import PetriTestSupport
import Testing

enum GuestTest {
    static func tempStore(_ tag: String) -> GuestStore {
        GuestStore(directory: TempFolders.make("guest-" + tag))
    }

    static let status = """
        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b7

        Package: removed-one
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.0

        Package: coreutils
        Status: install ok installed
        Architecture: amd64
        Version: 9.1-1

        """

    /// A stand-in for debootstrap (its arguments: options, suite, target, mirror) that writes the
    /// files the store checks, counts its runs in `counter` and takes `seconds`; with `fail`, it
    /// prints a debootstrap-style error after writing half a root and exits 1.
    static func fakeDebootstrap(in dir: String, counter: String, seconds: Double = 0, fail: String? = nil) throws -> String {
        let path = dir + "/fake-debootstrap"
        let failing = fail.map { "echo 'I: Retrieving Packages'; echo \"E: \($0)\"; exit 1" } ?? ""
        let script = """
            #!/bin/bash
            root="${@: -2:1}"
            echo run >> '\(counter)'
            mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/apt/lists"
            \(failing)
            for f in sh bash env python3 perl; do echo x > "$root/usr/bin/$f"; done
            echo 'ID=debian' > "$root/usr/lib/os-release"; echo 'ID=debian' > "$root/etc/os-release"; echo c > "$root/etc/ld.so.cache"
            printf '/.\\n/usr/bin/bash\\n/usr/bin/env\\n' > "$root/var/lib/dpkg/info/bash.list"
            cat > "$root/var/lib/dpkg/status" <<'STATUS'
            \(status)STATUS
            sleep \(seconds)
            echo 'I: Base system installed successfully.'
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    static func runs(_ counter: String) -> Int {
        ((try? String(contentsOfFile: counter, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// What the store folder holds besides locks and the index: entries and temporaries.
    static func leftovers(_ store: GuestStore) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.directory)) ?? []).filter { !$0.hasPrefix(".lock-") && $0 != ".index" && $0 != ".debs" }.sorted()
    }
}

// The file record of a Wine run: Wine's own bookkeeping dropped, Windows paths added.
import PetriModel

public enum WineFileRecord {
    /// The run's file changes without Wine's own files (`WineLayout.volatilePrefixFiles`, the
    /// sample's copy, the prefix folder itself, fontconfig's cache written by Wine's start-up in the
    /// sandbox home, the wineserver's socket folder in /tmp), each file inside drive C with its
    /// Windows path.
    public static func annotate(_ files: [FileChange], layout: WineLayout = .standard, sampleFileName: String) -> [FileChange] {
        let mapper = layout.pathMapper
        let prefix = mapper.prefix
        let volatile = Set(WineLayout.volatilePrefixFiles.map { prefix + "/" + $0 })
        let sampleCopy = layout.sampleDirectory + "/" + sampleFileName
        let cache = layout.home + "/.cache"
        return files.compactMap { f in
            if volatile.contains(f.path) || f.path == sampleCopy || f.path == prefix { return nil }
            if f.path == cache || f.path.hasPrefix(cache + "/fontconfig") { return nil }
            if f.path.hasPrefix("/tmp/wine-") || f.path.hasPrefix("/tmp/.wine-") { return nil }
            var f = f
            if f.path.hasPrefix(prefix + "/") { f.windowsPath = mapper.windowsPath(forUnixPath: f.path) }
            return f
        }
    }
}

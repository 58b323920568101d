// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "petri",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "petri", targets: ["PetriCLI"]),
        .library(name: "Petri", targets: ["Petri"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Everything between clone and execve, the seccomp filter and the notify ioctls.
        .target(
            name: "CSandbox",
            path: "Shims/CSandbox",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [.linkedLibrary("seccomp"), .linkedLibrary("cap")]
        ),
        .target(name: "CYara", path: "Shims/CYara", linkerSettings: [.linkedLibrary("yara"), .linkedLibrary("fuzzy")]),
        .target(name: "PetriModel"),
        .target(
            name: "PetriSandbox",
            dependencies: [
                "CSandbox", "PetriModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The Wine runner's own knowledge: template prefix, layout, debug-log, registry and relay parsing.
        .target(
            name: "PetriWine",
            dependencies: ["PetriModel", .product(name: "Logging", package: "swift-log")]
        ),
        // The guest image: a Debian root built by debootstrap, cached by id (docs/guest.md).
        .target(
            name: "PetriGuest",
            dependencies: ["PetriModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "PetriNet",
            dependencies: [
                "PetriModel", "CSandbox",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PetriAnalysis",
            dependencies: [
                "PetriModel", "CYara",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Petri",
            dependencies: [
                "PetriModel", "PetriSandbox", "PetriWine", "PetriNet", "PetriAnalysis", "PetriGuest",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "PetriCLI",
            dependencies: [
                "Petri", "PetriModel", "PetriGuest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Repository paths, the CI prerequisite rule and temp folders, for every test target.
        .target(name: "PetriTestSupport", path: "Tests/PetriTestSupport"),
        .testTarget(name: "PetriAnalysisTests", dependencies: ["PetriAnalysis", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriSandboxTests", dependencies: ["PetriSandbox", "PetriWine", "PetriModel", "Petri", "CSandbox", "PetriTestSupport", "PetriGuest"]),
        .testTarget(name: "PetriNetTests", dependencies: ["PetriNet", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriCLITests", dependencies: ["PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriExportTests", dependencies: ["Petri", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriGuestTests", dependencies: ["PetriGuest", "PetriModel", "PetriTestSupport"]),
    ]
)

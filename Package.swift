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
        // The service (issue 17): HTTP API and the two job stores.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
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
        // Checked host calls (EINTR retried, errno → the caller's typed error) for the sandbox and the network.
        .target(name: "PetriSys"),
        .target(
            name: "PetriSandbox",
            dependencies: [
                "CSandbox", "PetriModel", "PetriSys",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The Wine runner's own knowledge: template prefix, layout, debug-log, registry and relay parsing.
        .target(
            name: "PetriWine",
            dependencies: ["PetriModel", "CSandbox", .product(name: "Logging", package: "swift-log")]
        ),
        // The guest image: a Debian root built by debootstrap, cached by id (docs/guest.md).
        .target(
            name: "PetriGuest",
            dependencies: ["PetriModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "PetriNet",
            dependencies: [
                "PetriModel", "CSandbox", "PetriSys",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
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
        // serve / worker / submit: the job store (one protocol; SQLite and PostgreSQL), leases, the
        // worker loop, the rescuer and the HTTP API (docs/service.md).
        .target(
            name: "PetriService",
            dependencies: [
                "Petri", "PetriModel", "PetriSandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "PetriCLI",
            dependencies: [
                "Petri", "PetriModel", "PetriGuest", "PetriService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Repository paths, the CI prerequisite rule and temp folders, for every test target.
        .target(name: "PetriTestSupport", path: "Tests/PetriTestSupport"),
        .testTarget(name: "PetriAnalysisTests", dependencies: ["PetriAnalysis", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriSandboxTests", dependencies: ["PetriSandbox", "PetriWine", "PetriModel", "Petri", "CSandbox", "PetriTestSupport", "PetriGuest", "PetriSys",
                                                      .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PetriNetTests", dependencies: ["PetriNet", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriCLITests", dependencies: ["PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriExportTests", dependencies: ["Petri", "PetriAnalysis", "PetriModel", "PetriTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "PetriServiceTests", dependencies: ["PetriService", "Petri", "PetriModel", "PetriTestSupport"]),
        // The Petri library's own logic that needs neither root nor a sample run (CLI output, classification, inspect).
        .testTarget(name: "PetriTests", dependencies: ["Petri", "PetriModel", "PetriTestSupport"]),
        .testTarget(name: "PetriGuestTests", dependencies: ["PetriGuest", "PetriModel", "PetriTestSupport"]),
    ]
)

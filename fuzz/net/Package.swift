// swift-tools-version:6.0
// libFuzzer harnesses for the parsers that need petri's SwiftPM dependencies (NIO, Crypto, Yams):
// the simulated internet's DNS, HTTP and TLS ClientHello parsers and the profile/rule loaders.
// Built and run by fuzz/run-net.sh with `-sanitize=fuzzer,address -parse-as-library` (the
// swift-protobuf FuzzTesting layout); not part of the main build.
import PackageDescription

let package = Package(
    name: "petri-fuzz",
    dependencies: [.package(name: "petri", path: "../..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(name: "FuzzDNS", dependencies: ["CFuzzDriver", .product(name: "Petri", package: "petri")]),
        .executableTarget(name: "FuzzHTTP", dependencies: ["CFuzzDriver", .product(name: "Petri", package: "petri")]),
        .executableTarget(name: "FuzzTLS", dependencies: ["CFuzzDriver", .product(name: "Petri", package: "petri")]),
        .executableTarget(name: "FuzzProfile", dependencies: ["CFuzzDriver", .product(name: "Petri", package: "petri")]),
    ]
)

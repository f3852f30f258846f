// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tally",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Tally", targets: ["Tally"]),
        .library(name: "TallyQuery", targets: ["TallyQuery"]),
        .executable(name: "tally", targets: ["tally"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Layer 0: the C library, through a thin system-library module.
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // Layer 1: a safe, typed LMDB wrapper that knows nothing about events.
        .target(name: "TallyStore", dependencies: ["CLMDB"], swiftSettings: strict),
        // Layer 2: events, encoding, the log, pricing, projections, replay, the generator.
        .target(name: "Tally", dependencies: ["TallyStore"], swiftSettings: strict),
        // Layer 3: the SQL subset, its planner and executor, renderers and the REPL.
        .target(name: "TallyQuery", dependencies: ["Tally"], swiftSettings: strict),
        // Layer 4: the command line.
        .executableTarget(
            name: "tally",
            dependencies: [
                "Tally", "TallyQuery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "TallyStoreTests", dependencies: ["TallyStore"]),
        .testTarget(name: "TallyTests", dependencies: ["Tally", "TallyStore"]),
        .testTarget(name: "TallyQueryTests", dependencies: ["TallyQuery", "Tally"]),
        .testTarget(name: "TallyCLITests", dependencies: ["Tally"]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

// The side-by-side benchmark of Tally against SQLite (issue 7). A separate package so that the
// product's own build and `make test` never compile it; run it with `make bench` or
// `make bench-quick` from the repository root, always in release.
let package = Package(
    name: "TallyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tally", path: ".."),
    ],
    targets: [
        // The system SQLite, through a thin system-library module.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .executableTarget(
            name: "TallyBench",
            dependencies: [
                "CSQLite",
                .product(name: "Tally", package: "Tally"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

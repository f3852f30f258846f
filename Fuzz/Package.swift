// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for Tally's input boundaries (issue 8). A separate package so that the
// product's build and `make test` never compile it. Build with `make fuzz-build` (release,
// `-sanitize=fuzzer,address`) and run with `make fuzz`. Each target is a thin driver around an
// entry function in the library (`FuzzEntry`, `QueryFuzzEntry`), which the ordinary test suite
// also calls to replay `corpus/` and `regressions/` without libFuzzer (`FuzzCorpusReplayTests`).
let drivers = ["FuzzEventRecord", "FuzzNDJSON", "FuzzPriceFile", "FuzzSQL"]

let package = Package(
    name: "TallyFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tally", path: ".."),
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift.
        .target(name: "CLibFuzzer"),
    ] + drivers.map { name in
        // Each driver's `main.swift` hands its `LLVMFuzzerTestOneInput` to `LLVMFuzzerRunDriver`
        // (SwiftPM owns an executable's `main`, so libFuzzer's own `main` cannot be used).
        .executableTarget(
            name: name,
            dependencies: [
                "CLibFuzzer",
                .product(name: "Tally", package: "Tally"),
                .product(name: "TallyQuery", package: "Tally"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    },
    swiftLanguageModes: [.v6]
)

import Foundation
import Testing
@testable import Tally

/// Finds the real data files of `/work/shared/data` from a test file.
///
/// The repository root is three levels up from `Tests/TallyTests/Pricing/X.swift`; the shared
/// data sits at `<root>/../shared/data` in the main checkout. Worktrees live elsewhere, so
/// `/work/shared/data` is tried too.
enum SharedData {
    static let genaiPrices = "genai-prices_v2_data.json"
    static let litellm = "litellm_model_prices_and_context_window.json"

    static func repositoryRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static func directory(filePath: String = #filePath) -> URL? {
        let candidates = [
            repositoryRoot(filePath: filePath).appendingPathComponent("../shared/data").standardizedFileURL,
            URL(fileURLWithPath: "/work/shared/data"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(genaiPrices).path) }
    }

    static func path(_ name: String) throws -> String {
        let dir = try #require(directory(), "the shared data directory (../shared/data or /work/shared/data) is missing")
        return dir.appendingPathComponent(name).path
    }

    static func json(_ name: String) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: try path(name)), "cannot read \(name)")
        return try JSONParser.parse(data)
    }
}

import Foundation

do {
    let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if let phase = options.child {
        try await Child.run(phase, options)
    } else {
        var parent = Parent(options)
        let ok = try parent.run()
        exit(ok ? 0 : 1)
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data((error.description + "\n").utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

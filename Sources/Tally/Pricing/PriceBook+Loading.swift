import Foundation

extension PriceBook {
    /// Reads a price file of any known format (detected by content, or as given), importing
    /// genai-prices and LiteLLM files; returns the book and the import report.
    public static func read(
        bytes: some Sequence<UInt8>, format: PriceFileFormat? = nil, options: PriceImportOptions = PriceImportOptions()
    ) throws(PriceBookError) -> PriceImportResult {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .syntax(error)
        }
        guard let detected = format ?? PriceFileFormat.detect(json) else {
            throw .unrecognizedFormat("not a Tally price book, a genai-prices v2 file or a LiteLLM price file")
        }
        switch detected {
        case .tally:
            let book = try parse(json: json)
            var report = PriceImportReport(format: .tally)
            report.modelsInFile = book.entries.count
            report.modelsImported = book.entries.count
            report.entriesWritten = book.entries.count
            return PriceImportResult(book: book, report: report)
        case .genaiPrices:
            return try GenAIPricesImporter.importBook(from: json, options: options)
        case .litellm:
            return try LiteLLMImporter.importBook(from: json, options: options)
        }
    }

    /// Reads a book from bytes: a Tally book, or a genai-prices or LiteLLM file to import.
    public static func parse(bytes: some Sequence<UInt8>, options: PriceImportOptions = PriceImportOptions()) throws(PriceBookError) -> PriceBook {
        try read(bytes: bytes, options: options).book
    }

    /// Reads a price file from disk (see `read(bytes:format:options:)`).
    public static func read(path: String, format: PriceFileFormat? = nil, options: PriceImportOptions = PriceImportOptions()) throws(PriceBookError) -> PriceImportResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw .io(path: path, reason: reason)
        }
        return try read(bytes: data, format: format, options: options)
    }

    /// Loads a book from disk: a Tally book, or a genai-prices or LiteLLM file to import.
    public static func load(path: String, options: PriceImportOptions = PriceImportOptions()) throws(PriceBookError) -> PriceBook {
        try read(path: path, options: options).book
    }

    /// Writes the book's canonical JSON to `path` (atomically: a reader sees the old or the new file).
    public func save(path: String, style: JSONStyle = .readable) throws(PriceBookError) {
        do {
            try Data(canonicalJSON(style: style).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}

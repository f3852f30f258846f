/// Small inline SVG charts for the self-contained HTML reports (no scripts, no network).
public enum SVGChart {
    /// One line of a line chart.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var values: [Double]

        public init(name: String, color: String, values: [Double]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    /// A line chart of several series over shared x labels, with a y axis in `unit`.
    public static func lines(_ series: [Series], labels: [String], unit: String = "$", width: Int = 760, height: Int = 260) -> String {
        let left = 64.0, right = 16.0, top = 16.0, bottom = 40.0
        let plotW = Double(width) - left - right
        let plotH = Double(height) - top - bottom
        let maxValue = max(series.flatMap(\.values).max() ?? 0, 1e-9) * 1.1
        let n = max(labels.count, 1)
        func x(_ i: Int) -> Double { left + (n == 1 ? plotW / 2 : plotW * Double(i) / Double(n - 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - v / maxValue) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        for step in 0...4 {
            let v = maxValue * Double(step) / 4
            let yy = y(v)
            svg += "<line x1=\"\(left)\" y1=\"\(fmt(yy))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(yy))\" stroke=\"#e5e7eb\"/>"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(yy + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7280\">\(escape(axis(v, unit)))</text>"
        }
        let every = max(1, n / 8)
        for (i, label) in labels.enumerated() where i % every == 0 || i == n - 1 {
            svg += "<text x=\"\(fmt(x(i)))\" y=\"\(fmt(top + plotH + 18))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#6b7280\">\(escape(label))</text>"
        }
        for s in series {
            let points = s.values.enumerated().map { "\(fmt(x($0.offset))),\(fmt(y($0.element)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2.5\" points=\"\(points)\"/>"
            for (i, v) in s.values.enumerated() {
                svg += "<circle cx=\"\(fmt(x(i)))\" cy=\"\(fmt(y(v)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(labels.indices.contains(i) ? labels[i] : "")): \(escape(axis(v, unit)))</title></circle>"
            }
        }
        var lx = left
        for s in series {
            svg += "<rect x=\"\(fmt(lx))\" y=\"\(fmt(Double(height) - 14))\" width=\"12\" height=\"4\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(fmt(lx + 16))\" y=\"\(fmt(Double(height) - 9))\" font-size=\"11\" fill=\"#374151\">\(escape(s.name))</text>"
            lx += 24 + Double(s.name.count) * 6.5
        }
        return svg + "</svg>"
    }

    /// A horizontal bar chart of labelled values.
    public static func bars(_ items: [(label: String, value: Double)], unit: String = "$", color: String = "#2563eb", width: Int = 760) -> String {
        let rowH = 24.0
        let labelW = 200.0
        let height = Int(rowH * Double(max(items.count, 1)) + 8)
        let maxValue = max(items.map(\.value).max() ?? 0, 1e-9)
        let barW = Double(width) - labelW - 110
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        for (i, item) in items.enumerated() {
            let yy = 4 + Double(i) * rowH
            let w = max(1, barW * item.value / maxValue)
            let label = item.label.count > 28 ? String(item.label.prefix(27)) + "…" : item.label
            svg += "<text x=\"\(fmt(labelW - 8))\" y=\"\(fmt(yy + 15))\" font-size=\"12\" text-anchor=\"end\" fill=\"#374151\"><title>\(escape(item.label))</title>\(escape(label))</text>"
            svg += "<rect x=\"\(fmt(labelW))\" y=\"\(fmt(yy + 3))\" width=\"\(fmt(w))\" height=\"16\" rx=\"2\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(fmt(labelW + w + 6))\" y=\"\(fmt(yy + 15))\" font-size=\"12\" fill=\"#111827\">\(escape(axis(item.value, unit)))</text>"
        }
        return svg + "</svg>"
    }

    static func axis(_ v: Double, _ unit: String) -> String {
        switch unit {
        case "$": return v == 0 ? "$0" : v >= 100 ? "$" + String(Int(v.rounded())) : v >= 1 ? "$" + fixed(v, 2) : "$" + fixed(v, 4)
        case "ms": return String(Int(v.rounded())) + " ms"
        default: return fixed(v, 2) + unit
        }
    }

    static func fmt(_ v: Double) -> String { fixed(v, 1) }

    /// `v` with `digits` decimals, without Foundation.
    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = v < 0
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e15 else { return String(v) }
        let whole = Int64(scaled) / Int64(scale)
        let fraction = Int64(scaled) % Int64(scale)
        var text = (negative && scaled > 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    /// Escapes text for HTML and SVG.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

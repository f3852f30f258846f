import Foundation
import Tally

/// Prints a `Dashboard` to the terminal.
struct DashboardPrinter {
    let style: TerminalStyle

    func money(_ m: Money) -> String { "$" + m.rounded(toFractionDigits: 2).decimalString(minimumFractionDigits: 2) }

    func section(_ title: String) {
        Swift.print("")
        Swift.print(style.bold(title))
    }

    /// Left-aligned first column, right-aligned others.
    func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        Swift.print("  " + style.dim(line(header)))
        for row in rows { Swift.print("  " + line(row)) }
    }

    static func sparkline(_ values: [Double]) -> String {
        let marks = Array("▁▂▃▄▅▆▇█")
        guard let maxValue = values.max(), maxValue > 0 else { return String(repeating: "▁", count: values.count) }
        return String(values.map { marks[min(marks.count - 1, Int($0 / maxValue * Double(marks.count - 1) + 0.5))] })
    }

    func print(_ d: Dashboard, whatIf: String?) {
        let t = d.totals
        Swift.print("")
        Swift.print(style.bold("Tally — \(t.firstDay) to \(t.lastDay)"))
        let errorRate = t.usage.interactions > 0 ? Double(t.usage.errors) / Double(t.usage.interactions) * 100 : 0
        Swift.print("  \(formatCount(t.events)) events · \(formatCount(t.usage.interactions)) interactions · \(formatCount(t.conversations)) conversations · \(formatCount(t.users)) users")
        Swift.print("  cost \(style.bold(money(t.usage.cost)))" + (t.usage.unpriced > 0 ? " (\(formatCount(t.usage.unpriced)) unpriced)" : "")
            + (t.usage.reportedCount > 0 ? " · billed \(money(t.usage.reportedCost)) on \(formatCount(t.usage.reportedCount)) calls" : ""))
        Swift.print("  tokens \(formatCount(t.usage.inputTokens)) in (\(formatCount(t.usage.cachedInputTokens)) cached) · \(formatCount(t.usage.outputTokens)) out"
            + " · errors \(String(format: "%.1f", errorRate))%" + (t.ratings.averageStars.map { String(format: " · rating %.2f ★", $0) } ?? ""))

        section("Daily cost")
        let daily = d.dailyCost.map { $0.cost.approximateDollars }
        Swift.print("  \(style.cyan(DashboardPrinter.sparkline(daily)))  \(d.dailyCost.first?.day ?? "") → \(d.dailyCost.last?.day ?? "")  (max \(money(d.dailyCost.map(\.cost).max() ?? .zero))/day)")

        section("Cost by agent")
        table(["agent", "calls", "cost", "share"], d.costByAgent.map { line in
            [line.name, formatCount(line.interactions), money(line.cost), share(line.cost, t.usage.cost)]
        })
        section("Cost by model")
        table(["model", "provider", "calls", "cost", "share"], d.costByModel.prefix(10).map { line in
            [line.name, line.detail, formatCount(line.interactions), money(line.cost), share(line.cost, t.usage.cost)]
        })
        section("Latency by agent")
        table(["agent", "p50", "p95", "p99", "SLA breaches", "avg ★"], d.latencyByAgent.map { l in
            [l.agent, ms(l.p50), ms(l.p95), ms(l.p99), formatCount(l.slaBreaches), l.averageStars.map { String(format: "%.2f", $0) } ?? "–"]
        })

        let incidents = d.anomalies.filter { $0.kind != .budget }
        section("Anomalies (\(incidents.filter { $0.resolvedAt == nil }.count) open, \(incidents.count) in all)")
        if incidents.isEmpty { Swift.print("  none") }
        for a in incidents.sorted(by: { ($0.severity, $0.openedAt) > ($1.severity, $1.openedAt) }).prefix(8) {
            let status = a.resolvedAt == nil ? style.red("open") : style.dim("resolved")
            Swift.print("  \(severity(a.severity)) \(a.kind.name) \(a.tenant) \(a.scope) since \(a.openedAt.rfc3339.prefix(16)) [\(status)]: \(HTMLReport.value(a.value, a.kind)) vs \(HTMLReport.value(a.baseline, a.kind))")
            if let cause = a.suspectedCause { Swift.print("      suspected cause: \(style.yellow(cause))") }
        }
        let budgets = d.anomalies.filter { $0.kind == .budget }
        section("Budget alerts")
        if budgets.isEmpty { Swift.print("  none") }
        for a in budgets.prefix(8) {
            Swift.print("  \(severity(a.severity)) \(a.tenant) \(a.scope): spent $\(String(format: "%.2f", a.value)) of $\(String(format: "%.2f", a.baseline)) on \(a.openedAt.rfc3339.prefix(16))\(a.resolvedAt == nil ? "" : style.dim(" (period over)"))")
        }
        section("Best model per task (seed 002 quality score)")
        table(["tenant", "task", "model", "score", "calls", "confidence"], d.recommendations.prefix(12).map { r in
            [r.tenant, r.task, r.model, r.qualityScore.map { String(format: "%.1f", $0) } ?? "–", formatCount(r.calls), String(format: "%.0f%%", r.confidence)]
        })
        if let whatIf {
            section("What if")
            Swift.print("  \(whatIf)")
        }
    }

    func share(_ part: Money, _ whole: Money) -> String {
        whole.picodollars == 0 ? "–" : String(format: "%.1f%%", Double(part.picodollars) / Double(whole.picodollars) * 100)
    }

    func ms(_ v: Double?) -> String { v.map { "\(Int($0.rounded())) ms" } ?? "–" }

    func severity(_ s: UInt8) -> String {
        switch s {
        case 3: style.red("●")
        case 2: style.yellow("●")
        default: style.dim("●")
        }
    }
}

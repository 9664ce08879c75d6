import Plot

/// Builds SVG elements as Plot nodes, so the charts go through the same renderer as the page.
enum SVG {
    /// A body node: an SVG element named `name` with `attributes` (values escaped) and `children`.
    static func element(
        _ name: String, _ attributes: [(String, String)], _ children: [Node<HTML.BodyContext>] = []
    ) -> Node<HTML.BodyContext> {
        let attrs = attributes.map {
            Attribute<HTML.BodyContext>(name: $0.0, value: escapeAttribute($0.1))
        }
        if children.isEmpty, leaves.contains(name) {
            return .selfClosedElement(named: name, attributes: attrs)
        }
        return .element(named: name, nodes: attrs.map { .attribute($0) } + children)
    }

    /// The elements written self-closed when empty; containers (`g`, `defs`) are always closed.
    static let leaves: Set<String> = ["rect", "line", "circle", "path", "polygon", "polyline"]

    /// A `<text>` element at (`x`, `y`) with escaped content.
    static func text(
        _ content: String, x: Double, y: Double, anchor: String = "start",
        extra: [(String, String)] = []
    ) -> Node<HTML.BodyContext> {
        .element(
            named: "text",
            nodes: ([("x", number(x)), ("y", number(y)), ("text-anchor", anchor)] + extra).map {
                .attribute(named: $0.0, value: escapeAttribute($0.1))
            } + [.text(content)])
    }

    /// A pixel coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let r = (value * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// `value` safe inside a double-quoted attribute (Plot writes attribute values as given).
    static func escapeAttribute(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}

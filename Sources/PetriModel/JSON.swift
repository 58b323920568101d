import Foundation

public enum ReportJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func encode(_ report: Report) throws -> Data { try encoder().encode(report) }

    public static func decode(_ data: Data) throws -> Report { try JSONDecoder().decode(Report.self, from: data) }
}

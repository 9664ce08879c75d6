import Hummingbird
import SpottedLedger

/// Responses whose body is a report rendered by ``ReportJSON``: the same bytes `--json` prints.
enum JSONResponse {
    /// `report` as `application/json` with `status`; a report that cannot be rendered becomes a
    /// 500 error report.
    static func make(_ report: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let text: String
        var code = status
        do { text = try ReportJSON.render(report) } catch {
            code = .internalServerError
            text =
                (try? ReportJSON.render(ErrorReport(code: "Failed", message: "\(error)")))
                ?? #"{"error":{"code":"Failed","rule":null,"field":null,"sequence":null,"message":"unrenderable report"}}"#
        }
        return Response(
            status: code, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

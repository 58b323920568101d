import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client of the API (`petri submit`, the tests, remote workers).
public struct PetriClient: Sendable {
    public var server: URL
    /// Sent as `Authorization: Bearer <token>`.
    public var token: String?
    public init(server: URL, token: String? = nil) { self.server = server; self.token = token }

    public struct HTTPResult: Sendable {
        public var status: Int
        public var body: Data
        public var headers: [String: String]
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        /// The error body's code and message.
        public var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
        public var errorMessage: String? { (json?["error"] as? [String: Any])?["message"] as? String }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 120
        c.connectionProxyDictionary = [:]
        return URLSession(configuration: c)
    }()

    public func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> HTTPResult {
        guard let url = URL(string: path, relativeTo: server) else { throw Failure(message: "bad path \(path)") }
        var r = URLRequest(url: url)
        r.httpMethod = method
        r.httpBody = body
        if let token { r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let (data, response): (Data, URLResponse)
        do { (data, response) = try await Self.session.data(for: r) } catch {
            throw Failure(message: "cannot reach \(server.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw Failure(message: "not an HTTP response from \(server.absoluteString)") }
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { if let k = k as? String, let v = v as? String { h[k.lowercased()] = v } }
        return HTTPResult(status: http.statusCode, body: data, headers: h)
    }

    /// A multipart/form-data body: the file part and (when given) the options part.
    public static func multipart(file: Data, fileName: String, options: Data?, boundary: String = "petri-\(UUID().uuidString)") -> (body: Data, contentType: String) {
        var b = Data()
        let safeName = fileName.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "_").replacingOccurrences(of: "\n", with: "_")
        if let options {
            b += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"options\"\r\nContent-Type: application/json\r\n\r\n".utf8)
            b += options
            b += Data("\r\n".utf8)
        }
        b += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(safeName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        b += file
        b += Data("\r\n--\(boundary)--\r\n".utf8)
        return (b, "multipart/form-data; boundary=\(boundary)")
    }

    public func submit(file: Data, fileName: String, options: SubmissionOptions?, idempotencyKey: String? = nil) async throws -> HTTPResult {
        let opts = options.map { Data($0.encoded().utf8) }
        let (body, ct) = Self.multipart(file: file, fileName: fileName, options: opts)
        var headers = ["Content-Type": ct]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return try await request("POST", "/api/v1/submissions", body: body, headers: headers)
    }
}

/// Runs async work from synchronous code (the CLI's commands), on a task of its own.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingBox<T>()
    let sem = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        sem.signal()
    }
    sem.wait()
    return try box.result!.get()
}

final class BlockingBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}

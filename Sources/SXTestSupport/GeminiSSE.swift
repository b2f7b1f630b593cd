import Foundation

/// Builds Gemini `streamGenerateContent?alt=sse` streams (docs/protocol/gemini.md#stream):
/// `data: <GenerateContentResponse>\n\n`, no `event:` lines, no `[DONE]`; the last chunk has the `finishReason` and
/// the full `usageMetadata`. Plus the error replies (429 `RESOURCE_EXHAUSTED` with `RetryInfo`).
public struct GeminiSSE: Sendable {
    public private(set) var events: [String] = []
    public let responseId: String
    public let model: String
    private var first = true

    public init(responseId: String = "r1", model: String = "gemini-2.5-pro") {
        self.responseId = responseId
        self.model = model
    }

    /// One chunk carrying `parts` (JSON objects written as text, in the documented key order).
    public mutating func chunk(
        _ parts: [String], finishReason: String? = nil, usage: String = #"{"promptTokenCount":60,"totalTokenCount":60}"#
    ) {
        let finish = finishReason.map { #","finishReason":\#(JSONText.string($0))"# } ?? ""
        let version = first ? #","modelVersion":\#(JSONText.string(model))"# : ""
        first = false
        events.append(
            #"data: {"candidates":[{"content":{"role":"model","parts":[\#(parts.joined(separator: ","))]}\#(finish),"index":0}],"usageMetadata":\#(usage)\#(version),"responseId":\#(JSONText.string(responseId))}"#
                + "\n\n")
    }

    public static func thought(_ text: String, signature: String? = nil) -> String {
        #"{"text":\#(JSONText.string(text)),"thought":true\#(signature.map { #","thoughtSignature":\#(JSONText.string($0))"# } ?? "")}"#
    }

    public static func text(_ text: String) -> String { #"{"text":\#(JSONText.string(text))}"# }

    /// A function call part, its signature on the same part.
    public static func functionCall(name: String, args: String, id: String? = nil, signature: String? = "CrUBAdHt…")
        -> String
    {
        let idField = id.map { #""id":\#(JSONText.string($0)),"# } ?? ""
        let sig = signature.map { #","thoughtSignature":\#(JSONText.string($0))"# } ?? ""
        return #"{"functionCall":{\#(idField)"name":\#(JSONText.string(name)),"args":\#(args)}\#(sig)}"#
    }

    public static func usage(prompt: Int = 60, candidates: Int = 25, thoughts: Int = 90, cached: Int = 0) -> String {
        #"{"promptTokenCount":\#(prompt),"candidatesTokenCount":\#(candidates),"thoughtsTokenCount":\#(thoughts),"cachedContentTokenCount":\#(cached),"totalTokenCount":\#(prompt + candidates + thoughts)}"#
    }

    public var text: String { events.joined() }

    /// The documented example (docs/protocol/gemini.md#stream): a thought, text, then a signed `read_file` call.
    public static var documentedExample: String {
        var s = GeminiSSE()
        s.chunk([thought("**Reading** I should open the file.")])
        s.chunk([text("Let me look.")])
        s.chunk([functionCall(name: "read_file", args: #"{"path":"README.md"}"#)], finishReason: "STOP", usage: usage())
        return s.text
    }

    /// A plain answer with optional thoughts, ending with `STOP`.
    public static func reply(_ answer: String, thoughts: [String] = [], cached: Int = 0) -> String {
        var s = GeminiSSE(responseId: "r2")
        for t in thoughts { s.chunk([thought(t)]) }
        let pieces = CodexSSE.split(answer, into: 2)
        for p in pieces.dropLast() { s.chunk([text(p)]) }
        s.chunk(
            [text(pieces.last ?? "")], finishReason: "STOP",
            usage: usage(prompt: 4000, candidates: 10, thoughts: 5, cached: cached))
        return s.text
    }

    /// The 429 of an exhausted quota, with `QuotaFailure`, `Help` and `RetryInfo` details.
    public static func resourceExhaustedBody(retryDelay: String = "46s") -> [String: Any] {
        [
            "error": [
                "code": 429, "message": "You exceeded your current quota, please check your plan and billing details.",
                "status": "RESOURCE_EXHAUSTED",
                "details": [
                    [
                        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                        "violations": [
                            [
                                "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                                "quotaDimensions": ["model": "gemini-2.5-pro", "location": "global"], "quotaValue": "5"
                            ]
                        ]
                    ],
                    [
                        "@type": "type.googleapis.com/google.rpc.Help",
                        "links": [
                            [
                                "description": "Learn more about Gemini API quotas",
                                "url": "https://ai.google.dev/gemini-api/docs/rate-limits"
                            ]
                        ]
                    ],
                    ["@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retryDelay]
                ]
            ]
        ]
    }

    public static func rateLimitReply(retryDelay: String = "46s") -> MockReply {
        .json(429, resourceExhaustedBody(retryDelay: retryDelay))
    }

    /// An error written into the stream as a bare JSON line, without `data:`.
    public static func bareErrorLine(
        code: Int = 503, status: String = "UNAVAILABLE",
        message: String = "The model is overloaded. Please try again later."
    ) -> String {
        #"{"error":{"code":\#(code),"message":\#(JSONText.string(message)),"status":\#(JSONText.string(status))}}"#
            + "\n"
    }
}

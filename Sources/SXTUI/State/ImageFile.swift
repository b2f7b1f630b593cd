import Foundation
import SXProtocol

/// Reads an image for a vision model. The size cap keeps one attachment from dominating the request: 20 MB is the
/// largest image the providers sx speaks to accept.
enum ImageFile {
    struct Failure: Error { var message: String }

    static let mediaTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"
    ]
    static let maxBytes = 20 * 1024 * 1024

    static func read(_ path: String) -> Result<ImageData, Failure> {
        let expanded = (path as NSString).expandingTildeInPath
        let ext = (expanded as NSString).pathExtension.lowercased()
        guard let type = mediaTypes[ext] else {
            return .failure(Failure(message: "not an image (png, jpeg, gif, webp): \(path)"))
        }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            return .failure(Failure(message: "cannot read \(path)"))
        }
        guard data.count <= maxBytes else {
            return .failure(Failure(message: "image too large (\(data.count / 1_048_576) MB > 20 MB): \(path)"))
        }
        return .success(ImageData(mediaType: type, base64: data.base64EncodedString()))
    }
}

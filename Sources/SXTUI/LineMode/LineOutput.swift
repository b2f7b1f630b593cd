import Glibc

public enum LineOutput {
    /// Unbuffered write of the whole string (retrying short writes), so streamed text appears at once.
    public static func write(_ s: String, fd: Int32) {
        var s = s
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }
}

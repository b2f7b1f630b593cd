import Foundation

/// Reads a child's pipes. Foundation's `readDataToEndOfFile` traps on EINTR (a child exiting while a test reads
/// delivers SIGCHLD), so tests read with plain `read(2)` and retry interrupted calls.
///
/// Reading "to the end" is not enough on its own: a process another test starts at the same moment (a tmux server
/// above all, which lives on as a daemon) can inherit the write end of a pipe made for this child, and then the end
/// never comes. Seen as a suite that hung with a finished `sx` and a tmux server holding its stdout. So a reader is
/// also told how to see that the child has exited: from then on, what is already in the pipe is read and the rest
/// of the wait is given up.
public enum PipeReader {
    public static func readAll(_ handle: FileHandle) -> Data {
        readBoth(handle, nil, exited: { false }).0
    }

    /// Both pipes read at once, so that a child that fills one never blocks on it. `exited` is asked between reads
    /// (every 50 ms of silence); once it says yes, the pipes are drained of what they hold and the read ends.
    public static func readBoth(_ a: FileHandle, _ b: FileHandle?, exited: () -> Bool) -> (Data, Data) {
        var fds = [pollfd(fd: a.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        if let b { fds.append(pollfd(fd: b.fileDescriptor, events: Int16(POLLIN), revents: 0)) }
        var data = [Data(), Data()]
        var open = [true, b != nil]
        var buf = [UInt8](repeating: 0, count: 65536)
        var childGone = false
        while open.contains(true) {
            for i in fds.indices { fds[i].fd = open[i] ? abs(fds[i].fd) : -abs(fds[i].fd) - 1; fds[i].revents = 0 }
            let ready = poll(&fds, nfds_t(fds.count), 50)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                // Silence: after the child has gone, nothing more can come from it.
                if childGone { break }
                childGone = exited()
                continue
            }
            for i in fds.indices where open[i] && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buf, buf.count)
                if n > 0 {
                    data[i].append(contentsOf: buf[0..<n])
                } else if !(n < 0 && errno == EINTR) {
                    open[i] = false
                }
            }
        }
        return (data[0], data[1])
    }

    /// Without a way to see the child exit: to the end of both pipes.
    public static func readBoth(_ a: FileHandle, _ b: FileHandle) -> (Data, Data) {
        readBoth(a, b, exited: { false })
    }

    /// Whether `pid` has exited, without reaping it (the caller's `wait4` still gets its status).
    public static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
            && info._sifields._sigchld.si_pid == pid
    }
}

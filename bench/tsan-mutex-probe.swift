// Does ThreadSanitizer see `Synchronization.Mutex`? Two threads add 100,000 each to a counter, always under the
// lock; the total is checked, so the locking works. Built with -sanitize=thread, a report here is a false positive
// (bench/tsan.supp explains why). `NSLock` (pthread) is the control: TSan must stay quiet for it.
import Foundation
import Synchronization

final class Counter: @unchecked Sendable { var n = 0 }
let useMutex = CommandLine.arguments.dropFirst().first == "mutex"
let mutex = Mutex<Void>(())
let nslock = NSLock()
let counter = Counter()

func locked<T>(_ body: () -> T) -> T {
    if useMutex { return mutex.withLock { _ in body() } }
    nslock.lock()
    defer { nslock.unlock() }
    return body()
}

let threads = (0..<2).map { _ in Thread { for _ in 0..<100_000 { locked { counter.n += 1 } } } }
threads.forEach { $0.start() }
while locked({ counter.n }) < 200_000 { usleep(1_000) }
print("\(useMutex ? "Mutex" : "NSLock"): total \(locked { counter.n }) of 200000")

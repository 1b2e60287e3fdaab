/// A binary min-heap of (free time, replica), fixed size: one entry per replica at all times
/// except between a pop and its push.
struct FreeTimeHeap {
  private var times: [Double]
  private var replicas: [Int]

  init(replicas count: Int) {
    times = [Double](repeating: 0, count: count)
    replicas = Array(0..<count)
  }

  mutating func popEarliest() -> (Double, Int) {
    let top = (times[0], replicas[0])
    let lastTime = times.removeLast()
    let lastReplica = replicas.removeLast()
    if !times.isEmpty {
      times[0] = lastTime
      replicas[0] = lastReplica
      var index = 0
      let count = times.count
      while true {
        let left = 2 * index + 1
        if left >= count { break }
        var child = left
        if left + 1 < count, less(left + 1, left) { child = left + 1 }
        if !less(child, index) { break }
        times.swapAt(index, child)
        replicas.swapAt(index, child)
        index = child
      }
    }
    return top
  }

  mutating func push(freeAt time: Double, replica: Int) {
    times.append(time)
    replicas.append(replica)
    var index = times.count - 1
    while index > 0 {
      let parent = (index - 1) / 2
      if !less(index, parent) { break }
      times.swapAt(index, parent)
      replicas.swapAt(index, parent)
      index = parent
    }
  }

  /// Earlier free time first; ties go to the lower replica number, so runs are reproducible.
  @inline(__always)
  private func less(_ a: Int, _ b: Int) -> Bool {
    times[a] < times[b] || (times[a] == times[b] && replicas[a] < replicas[b])
  }
}

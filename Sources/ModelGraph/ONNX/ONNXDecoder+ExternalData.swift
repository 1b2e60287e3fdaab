import Foundation

extension ONNXDecoder {
  /// An external data file, read once (memory-mapped), with the byte ranges tensors took from it.
  struct ExternalFile {
    /// The path relative to the model's folder, after symbolic links are resolved.
    let relativePath: String
    let data: Data
    /// Ranges already taken, sorted by start, with the tensor that took each.
    var taken: [(range: Range<Int>, tensor: String)] = []
  }

  /// The bytes of an external tensor (`data_location: EXTERNAL`) and the file they come from.
  ///
  /// Keys follow onnx/external_data_helper.py: `location` (a path relative to the model's
  /// folder), `offset` and `length` (decimal; `length` defaults to the rest of the file);
  /// `checksum` and unknown keys are ignored. The path must stay inside the model's folder: not
  /// absolute, no `..`, and no symbolic link that resolves outside it. The range must lie in
  /// the file, and no two tensors may share bytes, so the values read never exceed the bytes
  /// the external files hold.
  func externalData(_ entries: [(key: String, value: String)], location: String, tensor: String) throws
    -> (file: String, bytes: Data)
  {
    var file = "", offset = 0
    var length: Int?
    for (key, value) in entries {
      switch key {
      case "location": file = value
      case "offset": offset = try wholeNumber(value, key: key, location: location)
      case "length": length = try wholeNumber(value, key: key, location: location)
      default: break
      }
    }
    guard !file.isEmpty else {
      throw ONNXError.missingField(
        path: path, location: location, field: "external_data location",
        hint: "An external tensor names the file that holds its data. \(ONNXError.corrupt)")
    }
    guard let folder else { throw ONNXError.noExternalFolder(path: path, location: location, file: file) }
    if let reason = Self.escapeReason(file) {
      throw ONNXError.externalLocationEscapes(path: path, location: location, file: file, reason: reason)
    }
    let resolved = try resolve(file, in: folder, location: location)
    var external: ExternalFile
    if let cached = externalFiles[resolved.absolute] {
      external = cached
    } else {
      do {
        let data = try Data(contentsOf: URL(fileURLWithPath: resolved.absolute), options: .alwaysMapped)
        external = ExternalFile(relativePath: resolved.relative, data: data)
      } catch {
        throw ONNXError.externalDataUnreadable(
          path: path, location: location, file: file, reason: FileAccess.reason(for: error, path: resolved.absolute))
      }
    }
    let size = external.data.count
    let wanted = length ?? max(0, size - offset)
    guard offset <= size, wanted <= size - offset else {
      throw ONNXError.externalRangePastEnd(
        path: path, location: location, file: file, offset: offset, length: wanted, fileSize: size)
    }
    let range = offset..<(offset + wanted)
    if !range.isEmpty {
      // Binary search for the first taken range starting at or after ours; check both neighbours.
      var (low, high) = (0, external.taken.count)
      while low < high {
        let middle = (low + high) / 2
        if external.taken[middle].range.lowerBound < range.lowerBound { low = middle + 1 } else { high = middle }
      }
      for neighbour in [low - 1, low] where external.taken.indices.contains(neighbour) {
        if external.taken[neighbour].range.overlaps(range) {
          throw ONNXError.externalOverlap(path: path, file: file, first: external.taken[neighbour].tensor, second: tensor)
        }
      }
      external.taken.insert((range, tensor), at: low)
    }
    externalFiles[resolved.absolute] = external
    let start = external.data.startIndex + range.lowerBound
    return (file, external.data[start..<(start + range.count)])
  }

  /// Why `file` may not name external data (absolute, climbing out with `..`, a NUL), or nil.
  static func escapeReason(_ file: String) -> String? {
    if file.contains("\0") { return "contains a NUL character" }
    let characters = Array(file)
    if file.hasPrefix("/") || file.hasPrefix("\\") || (characters.count >= 2 && characters[1] == ":") {
      return "is an absolute path"
    }
    let components = file.split(whereSeparator: { $0 == "/" || $0 == "\\" })
    if components.contains("..") { return "climbs out of the model's folder with '..'" }
    return nil
  }

  /// Resolves symbolic links in `folder/file` and checks the result is a regular file inside
  /// `folder` (itself resolved).
  private func resolve(_ file: String, in folder: String, location: String) throws -> (absolute: String, relative: String) {
    func realPath(_ path: String) -> String? {
      guard let resolved = realpath(path, nil) else { return nil }
      defer { free(resolved) }
      return String(cString: resolved)
    }
    func unreadable(_ reason: String) -> ONNXError {
      .externalDataUnreadable(path: path, location: location, file: file, reason: reason)
    }
    guard let root = realPath(folder) else { throw unreadable("the model's folder \(folder) cannot be resolved") }
    guard let absolute = realPath(folder + "/" + file) else {
      throw unreadable(String(cString: strerror(errno)).lowercased())
    }
    let prefix = root.hasSuffix("/") ? root : root + "/"
    guard absolute.hasPrefix(prefix) else {
      throw ONNXError.externalLocationEscapes(
        path: path, location: location, file: file, reason: "resolves through a symbolic link to \(absolute), outside the model's folder")
    }
    var info = stat()
    guard stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw unreadable("it is not a regular file") }
    return (absolute, String(absolute.dropFirst(prefix.count)))
  }

  private func wholeNumber(_ text: String, key: String, location: String) throws -> Int {
    guard let value = Int(text), value >= 0 else {
      throw ONNXError.badExternalEntry(path: path, location: location, key: key, value: text)
    }
    return value
  }
}

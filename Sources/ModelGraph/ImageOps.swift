/// The layout of one sample of an image value: `channels × height × width`, row-major (NCHW
/// without the batch). Image values flow through a graph flattened to `[batch, C·H·W]`, so every
/// per-sample op (dense, activation, add) reads them unchanged; the image ops below carry the
/// geometry they need.
public struct ImageGeometry: Hashable, Sendable, CustomStringConvertible {
  public var channels: Int
  public var height: Int
  public var width: Int

  /// Creates a geometry.
  public init(channels: Int, height: Int, width: Int) {
    self.channels = channels
    self.height = height
    self.width = width
  }

  /// `C·H·W`, nil on overflow.
  public var elementCount: Int? {
    let plane = height.multipliedReportingOverflow(by: width)
    let all = plane.partialValue.multipliedReportingOverflow(by: channels)
    return plane.overflow || all.overflow ? nil : all.partialValue
  }

  public var description: String { "\(channels)×\(height)×\(width)" }
}

/// The window of a convolution or pooling: kernel, strides, pads (top, left, bottom, right) and
/// dilations, as ONNX Conv/MaxPool/AveragePool attributes give them.
public struct ImageWindow: Hashable, Sendable {
  public var kernel: [Int]
  public var strides: [Int]
  /// Top, left, bottom, right.
  public var pads: [Int]
  public var dilations: [Int]

  /// Creates a window; each list holds 2 entries (pads 4).
  public init(kernel: [Int], strides: [Int] = [1, 1], pads: [Int] = [0, 0, 0, 0], dilations: [Int] = [1, 1]) {
    self.kernel = kernel
    self.strides = strides
    self.pads = pads
    self.dilations = dilations
  }

  /// The output height and width for an input of `height × width`; nil when the window does not
  /// fit or a size is out of range.
  public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
    guard kernel.count == 2, strides.count == 2, pads.count == 4, dilations.count == 2,
      (kernel + strides + dilations).allSatisfy({ (1...4096).contains($0) }), pads.allSatisfy({ (0...4096).contains($0) })
    else { return nil }
    func size(_ input: Int, _ axis: Int) -> Int {
      let span = dilations[axis] * (kernel[axis] - 1) + 1
      return (input + pads[axis] + pads[axis + 2] - span) / strides[axis] + 1
    }
    let (h, w) = (size(height, 0), size(width, 1))
    return h >= 1 && w >= 1 ? (h, w) : nil
  }
}

/// A 2-D convolution: `groups` groups of `input.channels / groups` input channels each make
/// `outputChannels / groups` output channels. Weight `[outputChannels, input.channels / groups,
/// kh, kw]` (ONNX layout), bias `[outputChannels]`.
public struct ConvolutionSpec: Hashable, Sendable {
  public var input: ImageGeometry
  public var outputChannels: Int
  public var window: ImageWindow
  public var groups: Int

  /// Creates a convolution spec.
  public init(input: ImageGeometry, outputChannels: Int, window: ImageWindow, groups: Int) {
    self.input = input
    self.outputChannels = outputChannels
    self.window = window
    self.groups = groups
  }

  /// The output geometry; nil when the sizes do not fit.
  public var output: ImageGeometry? {
    guard groups >= 1, input.channels % groups == 0, outputChannels % groups == 0, outputChannels >= 1,
      let size = window.outputSize(height: input.height, width: input.width)
    else { return nil }
    return ImageGeometry(channels: outputChannels, height: size.height, width: size.width)
  }
}

/// Max or average pooling over a window (padding never counts for max; for average it counts
/// when `countsPadding`, ONNX `count_include_pad`).
public struct PoolSpec: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable { case max, average }

  public var kind: Kind
  public var input: ImageGeometry
  public var window: ImageWindow
  public var countsPadding: Bool

  /// Creates a pooling spec.
  public init(kind: Kind, input: ImageGeometry, window: ImageWindow, countsPadding: Bool = false) {
    self.kind = kind
    self.input = input
    self.window = window
    self.countsPadding = countsPadding
  }

  /// The output geometry; nil when the window does not fit.
  public var output: ImageGeometry? {
    guard let size = window.outputSize(height: input.height, width: input.width) else { return nil }
    return ImageGeometry(channels: input.channels, height: size.height, width: size.width)
  }
}

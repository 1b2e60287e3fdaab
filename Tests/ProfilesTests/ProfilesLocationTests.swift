import Testing

@testable import Profiles

@Suite struct ProfilesLocationTests {
  /// Folders that "exist" in these tests.
  static let folders: Set<String> = [
    "/opt/custom", "/env/profiles", "/work/Profiles", "/work/Profiles/hardware", "/repo/Profiles",
    "/repo/Profiles/hardware", "/bare/Profiles",
  ]
  static func exists(_ path: String) -> Bool { folders.contains(path) }

  /// (option, environment, current directory, executable, expected folder, origin).
  static let cases: [(String?, String?, String, String?, String, ProfilesLocation.Origin)] = [
    ("/opt/custom", "/env/profiles", "/work", "/repo/.build/release/infer-plan", "/opt/custom", .option),
    ("../opt/custom", nil, "/work", nil, "/opt/custom", .option),
    (nil, "/env/profiles", "/work", "/repo/.build/release/infer-plan", "/env/profiles", .environment),
    (nil, "", "/work", nil, "/work/Profiles", .currentDirectory),
    (nil, nil, "/work", "/repo/.build/release/infer-plan", "/work/Profiles", .currentDirectory),
    (nil, nil, "/elsewhere", "/repo/.build/x86_64-unknown-linux-gnu/release/infer-plan", "/repo/Profiles", .executable),
    (nil, nil, "/elsewhere", "/repo/infer-plan", "/repo/Profiles", .executable),
  ]

  @Test(arguments: cases)
  func followsTheLookupOrder(
    option: String?, environment: String?, currentDirectory: String, executable: String?, expected: String,
    origin: ProfilesLocation.Origin
  ) throws {
    let location = try ProfilesLocation.find(
      option: option, environment: environment, currentDirectory: currentDirectory, executablePath: executable,
      isDirectory: Self.exists)
    #expect(location == ProfilesLocation(directory: expected, origin: origin))
  }

  @Test func describesTheChoice() {
    #expect(ProfilesLocation(directory: "/repo/Profiles", origin: .executable).description
      == "/repo/Profiles (from next to the executable)")
    #expect(ProfilesLocation(directory: "/p", origin: .option).description == "/p (from --profiles)")
  }

  static let errorCases: [(String?, String?, String?, String)] = [
    ("/missing", nil, nil,
     "profiles folder '/missing' (from --profiles) does not exist; give a folder holding hardware/*.yaml."),
    (nil, "rel/missing", nil,
     "profiles folder '/elsewhere/rel/missing' (from $INFER_PLAN_PROFILES) does not exist; give a folder holding hardware/*.yaml."),
    (nil, nil, "/bare/bin/infer-plan",
     "no profiles folder found (looked for /elsewhere/Profiles, /bare/bin/Profiles, /bare/Profiles, /Profiles). "
       + "Pass --profiles DIR or set INFER_PLAN_PROFILES to a folder holding hardware/*.yaml."),
  ]

  @Test(arguments: errorCases)
  func explainsFailures(option: String?, environment: String?, executable: String?, message: String) {
    do {
      _ = try ProfilesLocation.find(
        option: option, environment: environment, currentDirectory: "/elsewhere", executablePath: executable,
        isDirectory: Self.exists)
      Issue.record("expected an error")
    } catch {
      #expect(error.description == message)
    }
  }
}

package dev.vigil.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VigilCommand.class.getPackage().getImplementationVersion();
    return new String[] {"vigil " + (v == null ? "development" : v)};
  }
}

package dev.vigil.server;

/** The configuration (file or flags) is wrong; the message names the file, line and key. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}

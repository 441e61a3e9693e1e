/**
 * What happens to alerts between evaluation and delivery: silences and maintenance windows (one-off
 * or recurring, created, listed and expired through the API, persisted in the data directory),
 * acknowledgements, inhibition of one alert by another and the label-based route tree that picks
 * receivers. Plain Java; thread-safe where noted.
 */
package dev.vigil.alert.notify;

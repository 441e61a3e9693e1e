/**
 * The load harness: generates a workload, sends it to Vigil and to its peers over the same
 * protocol, and measures each server's CPU from {@code /proc}, since the generator shares the
 * machine's cores. Plain Java; run by {@code bench/run.sh}.
 */
package dev.vigil.bench;

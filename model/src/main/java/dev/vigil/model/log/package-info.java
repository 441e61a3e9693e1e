/** Log records: the model of OTLP logs. */
package dev.vigil.model.log;

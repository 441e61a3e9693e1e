package dev.vigil.alert.load;

import dev.vigil.alert.slo.Slo;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * An SLO as read, with where it was named (to point at a duplicate id) and where its period came
 * from (to point at it when the period does not fit the alert windows), and its OpenSLO alert
 * conditions.
 */
record ReadSlo(
    Slo slo,
    Problems problems,
    Node nameNode,
    String nameField,
    Node periodNode,
    String periodField,
    List<OpenSloCatalog.Condition> conditions) {}

package dev.vigil.alert.load;

import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.AlertWindows;
import dev.vigil.alert.slo.GeneratorOptions;
import dev.vigil.alert.slo.Slo;
import dev.vigil.alert.slo.SlothRuleGenerator;
import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cross-file steps of a load, after each file was read: OpenSLO references and alert windows
 * are shared by the directory, so they resolve only among files that read cleanly; then SLOs become
 * rule groups, and each file is accepted or replaced by its previous version.
 */
final class RuleAssembler {
  private final List<ParsedFile> files;
  private final SlothRuleGenerator generator;
  private final OpenSloCatalog catalog = new OpenSloCatalog();
  private final Map<Duration, AlertWindows> windows = new HashMap<>();

  RuleAssembler(List<ParsedFile> files, GeneratorOptions options) {
    this.files = files;
    this.generator = new SlothRuleGenerator(options);
  }

  LoadedRules assemble(LoadedRules previous) {
    for (ParsedFile f : files) {
      if (f.problems.isEmpty()) {
        share(f);
      } else {
        // A rejected file's previous version keeps running, its alert windows included. (Its
        // OpenSLO objects are not kept: SLOs elsewhere that need them are rejected in turn and
        // keep their own previous versions, which is as safe.)
        previous
            .file(f.path)
            .ifPresent(p -> p.alertWindows().forEach(w -> windows.putIfAbsent(w.period(), w)));
      }
    }
    for (ParsedFile f : files) {
      for (YamlMap doc : f.openSloSlos) {
        f.slos.addAll(OpenSloResolver.resolve(doc, catalog));
      }
    }
    Map<String, String> sloIds = new HashMap<>();
    List<RuleFile> out = new ArrayList<>(files.size());
    for (ParsedFile f : files) {
      List<RuleGroup> groups = new ArrayList<>(f.groups);
      List<Slo> slos = new ArrayList<>();
      for (ReadSlo read : f.slos) {
        String other = sloIds.putIfAbsent(read.slo().id(), f.problems.file());
        if (other != null) {
          f.problems.add(
              read.nameNode(),
              read.nameField(),
              "SLO id \"" + read.slo().id() + "\" (service-name) is already used in " + other);
          continue;
        }
        rules(read)
            .ifPresent(g -> {
              groups.addAll(g);
              slos.add(read.slo());
            });
      }
      out.add(result(f, slos, groups, previous));
    }
    return new LoadedRules(out);
  }

  /** Adds a clean file's alert windows and OpenSLO objects to what the directory shares. */
  private void share(ParsedFile f) {
    for (ParsedFile.AlertWindowsAt w : f.windows) {
      if (windows.putIfAbsent(w.windows().period(), w.windows()) != null) {
        f.problems.add(
            w.node(),
            "spec.sloPeriod",
            "alert windows for "
                + DurationSyntax.format(w.windows().period())
                + " are defined twice in the directory");
      }
    }
    duplicates(f, f.catalog.indicators, catalog.indicators, "SLI");
    duplicates(f, f.catalog.policies, catalog.policies, "AlertPolicy");
    duplicates(f, f.catalog.conditions, catalog.conditions, "AlertCondition");
  }

  private static <T> void duplicates(
      ParsedFile f, Map<String, T> mine, Map<String, T> shared, String kind) {
    for (Map.Entry<String, T> e : mine.entrySet()) {
      if (shared.putIfAbsent(e.getKey(), e.getValue()) != null) {
        f.problems.add(
            0, "metadata.name", kind + " \"" + e.getKey() + "\" is defined in more than one file");
      }
    }
  }

  /** The rule groups of one SLO, or a problem saying why its period does not fit its windows. */
  private Optional<List<RuleGroup>> rules(ReadSlo read) {
    Slo slo = read.slo();
    AlertWindows w = windows.getOrDefault(slo.period(), AlertWindows.sreWorkbook(slo.period()));
    if (slo.period().compareTo(w.longest()) < 0) {
      String period = DurationSyntax.format(slo.period());
      String longest = DurationSyntax.format(w.longest());
      read.problems()
          .add(
              read.periodNode(),
              read.periodField(),
              "budget period "
                  + period
                  + " is shorter than the longest alert window ("
                  + longest
                  + "): a window longer than"
                  + " the period would judge the budget on errors the period no longer counts; use a"
                  + " period of at least "
                  + longest
                  + " or AlertWindows with shorter windows");
      return Optional.empty();
    }
    if (slo.sli() instanceof dev.vigil.alert.slo.Sli.LogEvents) {
      for (OpenSloCatalog.Condition c : read.conditions()) {
        if (!w.windows().contains(c.lookbackWindow())) {
          read.problems()
              .add(
                  read.nameNode(),
                  read.nameField(),
                  "alert condition "
                      + c.name()
                      + " looks back "
                      + DurationSyntax.format(c.lookbackWindow())
                      + ", but a LogQL indicator is recorded over the alert windows only ("
                      + String.join(", ", w.windows().stream().map(DurationSyntax::format).toList())
                      + "); use one of them as lookbackWindow");
          return Optional.empty();
        }
      }
    }
    List<RuleGroup> groups = new ArrayList<>(generator.generate(slo, w));
    OpenSloAlertRules.group(slo, read.conditions()).ifPresent(groups::add);
    return Optional.of(groups);
  }

  private static RuleFile result(
      ParsedFile f, List<Slo> slos, List<RuleGroup> groups, LoadedRules previous) {
    List<AlertWindows> ws = f.windows.stream().map(ParsedFile.AlertWindowsAt::windows).toList();
    String name = f.problems.file();
    if (f.problems.isEmpty()) {
      return new RuleFile(
          f.path,
          name,
          RuleFile.Status.OK,
          List.of(),
          slos,
          ws,
          groups,
          false,
          List.copyOf(f.formats),
          java.time.Instant.now());
    }
    Optional<RuleFile> before = previous.file(f.path);
    return new RuleFile(
        f.path,
        name,
        RuleFile.Status.ERROR,
        f.problems.list(),
        before.map(RuleFile::slos).orElse(List.of()),
        before.map(RuleFile::alertWindows).orElse(List.of()),
        before.map(RuleFile::groups).orElse(List.of()),
        before.isPresent()
            && !(before.get().groups().isEmpty() && before.get().alertWindows().isEmpty()),
        List.copyOf(f.formats),
        before.map(RuleFile::loadedAt).orElse(java.time.Instant.now()));
  }
}

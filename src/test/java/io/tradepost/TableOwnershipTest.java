package io.tradepost;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradepost.platform.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning module (its {@code package-info}'s {@link Tables}), and a module's SQL
 * touches other modules' tables only as declared: reads only where it declares {@code reads}, writes
 * only where it declares {@code fills}. Spring Modulith checks the Java types; this checks the SQL.
 */
class TableOwnershipTest {

  static final Path SOURCES = Path.of("src/main/java/io/tradepost");
  static final List<Path> MIGRATIONS = List.of(Path.of("src/main/resources/db"), SOURCES.resolve("catalog/migration"));

  /** String literals and text blocks: where SQL lives. */
  static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
  static final Pattern READ = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)");
  static final Pattern WRITE = Pattern.compile(
      "(?i)\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|MERGE\\s+INTO|TRUNCATE(?:\\s+TABLE)?|ALTER\\s+TABLE|COPY)\\s+([a-z_][a-z0-9_]*)");
  static final Pattern BULK_WRITE = Pattern.compile("new (?:MultiRowInsert|PostgresCopy|SeedTable)\\(\\s*\"([a-z_][a-z0-9_]*)\"");
  static final Pattern CREATE = Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");

  @Test
  void everyTableOfTheMigrationsHasExactlyOneOwningModule() {
    var owners = new TreeMap<String, List<String>>();
    modules().forEach((module, tables) -> {
      for (var table : tables.owns()) {
        owners.computeIfAbsent(table, t -> new ArrayList<>()).add(module);
      }
    });

    assertThat(owners).allSatisfy((table, modules) -> assertThat(modules).as("owners of " + table).hasSize(1));
    assertThat(owners.keySet()).as("tables owned in package-info.java @Tables(owns)")
        .containsExactlyInAnyOrderElementsOf(createdTables());
  }

  @Test
  void aModulesSqlReadsOnlyTheOtherModulesTablesItDeclaresAndWritesNone() {
    var modules = modules();
    var ownerOf = new TreeMap<String, String>();
    modules.forEach((module, tables) -> List.of(tables.owns()).forEach(t -> ownerOf.put(t, module)));
    var undeclared = new TreeSet<String>();
    var used = new TreeSet<String>();
    modules.forEach((module, tables) -> {
      var reads = Set.of(tables.reads());
      var fills = Set.of(tables.fills());
      for (var file : javaFiles(SOURCES.resolve(module))) {
        if (file.getParent().endsWith("migration") || file.endsWith("package-info.java")) {
          continue; // the schema's history, which changes every module's tables, is not SQL the module runs
        }
        var source = read(file);
        var sqls = new ArrayList<>(literals(source));
        // Bulk writers take the table's name alone: written as an INSERT for the check.
        names(BULK_WRITE, source).forEach(table -> sqls.add("INSERT INTO " + table));
        for (var sql : sqls) {
          for (var table : names(READ, sql)) {
            var owner = ownerOf.get(table);
            if (owner != null && !owner.equals(module)) {
              used.add(module + " reads " + table);
              if (!reads.contains(table) && !fills.contains(table)) {
                undeclared.add(file + " reads " + table + " of " + owner);
              }
            }
          }
          for (var table : names(WRITE, sql)) {
            var owner = ownerOf.get(table);
            if (owner != null && !owner.equals(module)) {
              used.add(module + " writes " + table);
              if (!fills.contains(table)) {
                undeclared.add(file + " writes " + table + " of " + owner);
              }
            }
          }
        }
      }
    });

    assertThat(undeclared).as("SQL on other modules' tables not declared in their package-info @Tables").isEmpty();
    // The scan sees what is known to be there.
    assertThat(used).contains("orders reads products", "settlement reads ledger_transactions", "analytics reads orders",
        "seeding writes products");
  }

  /** Each module (top-level package) with its declaration; a module without one fails here. */
  static Map<String, Tables> modules() {
    var modules = new TreeMap<String, Tables>();
    try (var dirs = Files.list(SOURCES)) {
      for (var dir : dirs.filter(Files::isDirectory).toList()) {
        var module = dir.getFileName().toString();
        var info = Class.forName("io.tradepost." + module + ".package-info");
        var tables = info.getAnnotation(Tables.class);
        assertThat(tables).as("@Tables on io.tradepost." + module + "'s package-info").isNotNull();
        modules.put(module, tables);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("A module without package-info.java: " + e.getMessage(), e);
    }
    return modules;
  }

  static Set<String> createdTables() {
    var created = new TreeSet<String>();
    for (var root : MIGRATIONS) {
      try (var files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".sql") || f.toString().endsWith(".java"))
            .forEach(f -> created.addAll(names(CREATE, read(f))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return created;
  }

  static List<Path> javaFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> literals(String source) {
    var literals = new ArrayList<String>();
    var matcher = LITERAL.matcher(source);
    while (matcher.find()) {
      literals.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return literals;
  }

  static List<String> names(Pattern pattern, String text) {
    var names = new ArrayList<String>();
    var matcher = pattern.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1).toLowerCase(Locale.ROOT));
    }
    return names;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

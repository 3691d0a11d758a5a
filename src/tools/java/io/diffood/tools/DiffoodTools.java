package io.diffood.tools;

import io.diffood.tools.attack.AttackCommand;
import io.diffood.tools.data.DataException;
import io.diffood.tools.eval.EvaluateCommand;
import io.diffood.tools.eval.FusionsCommand;
import io.diffood.tools.fit.FitCommand;
import io.diffood.tools.train.AccuracyCommand;
import io.diffood.tools.train.EnsembleCommand;
import io.diffood.tools.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * The project's command-line tools, one entry with subcommands: {@code ./mvnw -q test-compile exec:exec@tools
 * -Dargs="--help"}. They live in {@code src/tools/java}, compiled with the tests and never packaged with the
 * function, so their libraries stay out of the function's class path.
 */
@Command(name = "diffood-tools", mixinStandardHelpOptions = true, version = "diffood tools 0.1.0",
        description = "Train the demo models, fit the OOD bundle, evaluate detectors, attack them.",
        subcommands = {TrainCommand.class, AccuracyCommand.class, EnsembleCommand.class, FitCommand.class, EvaluateCommand.class, FusionsCommand.class,
                AttackCommand.class,
                CommandLine.HelpCommand.class})
public final class DiffoodTools {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The shell command that reruns a parsed command with its arguments as given, for a report's header. */
    public static String rerun(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs().stream()
                .map(a -> a.contains(" ") || a.contains(";") ? "'" + a + "'" : a).toList();
        return "./mvnw -q test-compile exec:exec@tools -Dargs=\"" + String.join(" ", args) + "\"";
    }

    /** Exit status of a run whose data cannot be used (the message says why). */
    public static final int DATA_ERROR = 2;

    /** Runs one command line as the shell would, returning its exit status (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new DiffoodTools()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof DataException) {
                        commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                        return DATA_ERROR;
                    }
                    throw e;
                })
                .execute(args);
    }
}

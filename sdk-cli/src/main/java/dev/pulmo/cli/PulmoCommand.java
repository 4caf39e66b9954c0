package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code pulmo} command: without a subcommand, prints the usage on standard error and exits 2 (a usage error). */
@Command(name = "pulmo",
        header = "Pulmo: lung-cancer imaging annotation datasets (chest X-ray, chest CT, PET-CT over DICOM).",
        description = "Converts a dataset's masks into the guideline JSON and checks the dataset.",
        mixinStandardHelpOptions = true,
        versionProvider = PulmoCommand.Version.class,
        footer = {"", "Run 'pulmo help <command>' for a command's options.",
                "Exit status: 0 no errors, 1 errors found in the data, 2 usage or I/O failure."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors", "1:errors found in the data", "2:usage or I/O failure"})
public final class PulmoCommand implements Callable<Integer> {

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            WarmUpCommand.class,
            DemoCommand.class,
            ConvertCommand.class,
            ValidateCommand.class,
            CheckJsonCommand.class,
            PluginsCommand.class,
            SplitCommand.class,
            AgreeCommand.class,
            DumpCommand.class,
            PixelsCommand.class,
            Mask2PolyCommand.class,
            SegCommand.class,
            StatsCommand.class,
            NodulesCommand.class,
            RenderCommand.class,
            ExportCocoCommand.class,
            ExportNiftiCommand.class,
            EvaluateCommand.class,
            DeidCommand.class,
            IngestCommand.class,
            ImportToolCommand.class,
            CheckClinicalCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("pulmo: expected a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE_OR_IO;
    }

    /** A command line configured as {@code pulmo} runs it: usage errors exit 2, exceptions exit 2 with a message. */
    public static CommandLine newCommandLine() {
        return newCommandLine(null);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they name one (and none for
     * {@code --version}), since picocli builds each command's model by reflection, which for all of them takes most of
     * the start-up time of a short command; with every subcommand otherwise (usage, help, a mistyped name).
     */
    static CommandLine newCommandLine(String[] args) {
        boolean versionOnly = args != null && args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        String named = args != null && args.length > 0 ? args[0] : null;
        Optional<Class<?>> namedCommand = named == null || named.equals("help") ? Optional.empty()
                : SUBCOMMANDS.stream().filter(c -> name(c).equals(named)).findFirst();
        boolean one = namedCommand.isPresent();
        namedCommand.ifPresent(AnnotationsAhead::start);
        CommandLine cl = new CommandLine(new PulmoCommand());
        if (!versionOnly) {
            for (Class<?> c : SUBCOMMANDS) {
                if (!one || name(c).equals(named)) {
                    CommandLine sub = new CommandLine(c);
                    FormatOption.narrow(sub.getCommandSpec());
                    OutOption.declare(sub.getCommandSpec());
                    if (c == CheckClinicalCommand.class) {
                        CheckClinicalCommand.describeColumns(sub.getCommandSpec());
                    }
                    cl.addSubcommand(name(c), sub);
                }
            }
        }
        // option values are the same words whatever their case, in every command (--format JSON, --segmentation RLE)
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(Failures.INSTANCE);
        cl.setExecutionExceptionHandler(Failures.INSTANCE);
        cl.setParameterExceptionHandler(Failures.INSTANCE);
        return cl;
    }

    /**
     * How a failed command ends: usage errors and exceptions exit 2 with a message.
     *
     * <p>A named class, not three lambdas: picocli's classes are compiled for Java 5, and JDK 17 leaves such a class
     * out of a class-data archive once the archive's dump has linked it, which making a lambda for one of its
     * interfaces does. Three lambdas here and one in {@link FormatOption} kept 40 of picocli's classes (its interfaces
     * and every built-in type converter) out of {@code ./pulmo}'s archive, to be read from the jar and verified at each
     * start ({@code -Xlog:cds=warning} during the dump names them: "Old class has been linked").
     */
    private enum Failures implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler {
        INSTANCE;

        @Override
        public int getExitCode(Throwable exception) {
            return ExitCodes.USAGE_OR_IO;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("pulmo " + commandLine.getCommandName() + ": " + TerminalText.escape(describe(ex)));
            if (System.getenv("PULMO_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.USAGE_OR_IO;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine c = ex.getCommandLine();
            boolean unknownCommand = c.getParent() == null && args.length > 0 && !args[0].startsWith("-")
                    && ex instanceof CommandLine.UnmatchedArgumentException;
            c.getErr().println("pulmo: " + TerminalText.escape(unknownCommand ? "'" + args[0] + "' is not a pulmo command"
                    : ex.getMessage()));
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
                CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, c.getErr());
            }
            c.getErr().println("Run 'pulmo help" + (c.getParent() == null ? "" : " " + c.getCommandName()) + "' for usage.");
            return ExitCodes.USAGE_OR_IO;
        }
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = PulmoCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"pulmo " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

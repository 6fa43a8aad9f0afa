package io.emabridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where the CPU went while a benchmark ran, from Linux's per-thread counters in
 * {@code /proc}: for each named process its CPU by thread (threads grouped by name with
 * the numbers taken out, e.g. {@code HttpClient-#-Worker-#}), and for the machine how its
 * busy time divides between those processes and everything else. Reads nothing but
 * counters, so it does not disturb what it measures. Elsewhere than on Linux it reports
 * nothing.
 */
final class CpuProfile {

	private static final long MILLIS_PER_TICK = 10;

	private final Map<String, Long> pids;

	private final Map<String, Map<Long, Thread>> before = new HashMap<>();

	private final long[] machineBefore;

	private final long startNanos = System.nanoTime();

	private CpuProfile(Map<String, Long> pids) {
		this.pids = pids;
		pids.forEach((name, pid) -> this.before.put(name, threads(pid)));
		this.machineBefore = machineTicks();
	}

	/** Starts counting for the processes, by the names to report them under. */
	static CpuProfile start(Map<String, Long> pids) {
		return new CpuProfile(new LinkedHashMap<>(pids));
	}

	/** One line per process (its busiest thread groups) and one for the machine. */
	List<String> stop(int groups) {
		List<String> lines = new ArrayList<>();
		long[] machine = machineTicks();
		double wallMillis = (System.nanoTime() - this.startNanos) / 1e6;
		long named = 0;
		StringBuilder split = new StringBuilder();
		for (Map.Entry<String, Long> process : this.pids.entrySet()) {
			Map<String, Long> byGroup = usedByGroup(process.getKey());
			long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
			named += total;
			if (total == 0) {
				continue;
			}
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %,d ms of CPU in %.1f s;",
					process.getKey(), total * MILLIS_PER_TICK, wallMillis / 1000));
			byGroup.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.limit(groups)
				.forEach((entry) -> line.append(
						String.format(Locale.ROOT, " %s %.0f%%,", entry.getKey(), 100.0 * entry.getValue() / total)));
			line.setLength(line.length() - 1);
			lines.add(line.toString());
			split.append(String.format(Locale.ROOT, "%s %,d ms, ", process.getKey(), total * MILLIS_PER_TICK));
		}
		if (machine[0] > 0) {
			long busy = machine[0] - this.machineBefore[0];
			long idle = machine[1] - this.machineBefore[1];
			lines.add(String.format(Locale.ROOT,
					"machine: %,d ms busy, %,d ms idle of %d cores x %.1f s; busy = %severything else "
							+ "(PostgreSQL, PHP, other processes) %,d ms",
					busy * MILLIS_PER_TICK, idle * MILLIS_PER_TICK, Runtime.getRuntime().availableProcessors(),
					wallMillis / 1000, split, Math.max(0, busy - named) * MILLIS_PER_TICK));
		}
		return lines;
	}

	/**
	 * Milliseconds of CPU that the threads of a process whose groups {@code threads}
	 * accepts used since the start: the share of one component among others in a JVM.
	 */
	long millis(String process, Predicate<String> threads) {
		return usedByGroup(process).entrySet()
			.stream()
			.filter((entry) -> threads.test(entry.getKey()))
			.mapToLong(Map.Entry::getValue)
			.sum() * MILLIS_PER_TICK;
	}

	/** Ticks used since the start by each thread group of a process. */
	private Map<String, Long> usedByGroup(String process) {
		Map<String, Long> byGroup = new HashMap<>();
		Map<Long, Thread> earlier = this.before.get(process);
		threads(this.pids.get(process)).forEach((tid, thread) -> {
			Thread was = earlier.get(tid);
			long used = thread.ticks() - ((was != null) ? was.ticks() : 0);
			if (used > 0) {
				byGroup.merge(group(thread.name()), used, Long::sum);
			}
		});
		return byGroup;
	}

	/** Thread names without their numbers, so that a pool counts as one. */
	static String group(String name) {
		return name.replaceAll("[0-9]+", "#");
	}

	private static Map<Long, Thread> threads(long pid) {
		Map<Long, Thread> threads = new HashMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach((task) -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					int open = stat.indexOf('(');
					int close = stat.lastIndexOf(')');
					String[] fields = stat.substring(close + 2).split(" ");
					// after the name: state is field 3 of the line, utime field 14, stime
					// field 15
					threads.put(Long.parseLong(task.getFileName().toString()), new Thread(
							stat.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process is gone
		}
		return threads;
	}

	/**
	 * Busy and idle ticks of the whole machine, from /proc/stat; zeros where that does
	 * not exist.
	 */
	private static long[] machineTicks() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			long total = 0;
			for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user .. steal; guest
																// time is counted in user
				total += Long.parseLong(cpu[i]);
			}
			return new long[] { total - idle, idle };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

	private record Thread(String name, long ticks) {
	}

}

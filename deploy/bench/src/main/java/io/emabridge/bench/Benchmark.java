package io.emabridge.bench;

/**
 * One benchmark of the harness: measures, with its baseline in the same run, and adds
 * figures to the results.
 */
interface Benchmark {

	/** The name for {@code --only}. */
	String name();

	String title();

	void run(Context context) throws Exception;

}

package io.emabridge.provisioning.decisions;

/** Hands the recorder to tests of other packages. */
public final class EventRecorderAccess {

	private EventRecorderAccess() {
	}

	public static EventRecorder recorder() {
		return new EventRecorder();
	}

}

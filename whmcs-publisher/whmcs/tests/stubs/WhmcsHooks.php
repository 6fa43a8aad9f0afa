<?php

/** The hooks the module registered with WHMCS, and what it wrote to WHMCS's Activity Log. */
final class WhmcsHooks
{
    public static array $registered = [];
    public static array $activity = [];

    /** Runs the callbacks of a hook point in priority order, as WHMCS does. */
    public static function run(string $hookPoint, array $vars = []): void
    {
        $hooks = self::$registered[$hookPoint] ?? [];
        usort($hooks, static fn (array $a, array $b) => $a[0] <=> $b[0]);
        foreach ($hooks as [, $callback]) {
            $callback($vars);
        }
    }
}

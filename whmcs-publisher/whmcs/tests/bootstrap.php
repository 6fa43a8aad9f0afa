<?php

// Stands in for what WHMCS provides to a module: the WHMCS constant, logModuleCall and the
// Capsule database layer (here an in-memory SQLite database).

if (!defined('WHMCS')) {
    define('WHMCS', true);
}

require_once __DIR__ . '/stubs/Capsule.php';
require_once __DIR__ . '/support/ModuleLogRecorder.php';

/**
 * WHMCS's Module Log. Records the arguments exactly as the module passed them, before any
 * masking, so tests can check that secrets are never handed over in the first place.
 */
function logModuleCall($module, $action, $request, $response, $data = '', $variablesToMask = [])
{
    ModuleLogRecorder::record($module, $action, $request, $response, $data, $variablesToMask);
}

/** WHMCS's hook registry: the module's hooks.php registers here, tests run what it registered. */
function add_hook($hookPoint, $priority, $callback)
{
    WhmcsHooks::$registered[$hookPoint][] = [$priority, $callback];
}

/** WHMCS's activity log (Utilities > Logs > Activity Log). */
function logActivity($description, $userId = 0)
{
    WhmcsHooks::$activity[] = (string) $description;
}

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

require_once __DIR__ . '/../modules/servers/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/../modules/servers/easymailarchive/hooks.php';
require_once __DIR__ . '/support/FakeGateway.php';
require_once __DIR__ . '/support/ModuleTestCase.php';

<?php

// Stands in for what WHMCS provides to a module: the WHMCS constant, the Module Log, the hook registry
// (recorded in WhmcsHooks) and the Activity Log.

if (!defined('WHMCS')) {
    define('WHMCS', true);
}

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

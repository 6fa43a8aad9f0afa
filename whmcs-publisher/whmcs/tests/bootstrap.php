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

require_once __DIR__ . '/../modules/servers/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/support/FakeGateway.php';
require_once __DIR__ . '/support/ModuleTestCase.php';

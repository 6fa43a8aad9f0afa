<?php

// Stands in for what WHMCS provides to a module (stubs/: the WHMCS constant and functions, and the Capsule
// database layer, here an in-memory SQLite database), then loads the module as WHMCS does.

require_once __DIR__ . '/stubs/whmcs.php';
require_once __DIR__ . '/stubs/WhmcsHooks.php';
require_once __DIR__ . '/stubs/Capsule.php';
require_once __DIR__ . '/support/ModuleLogRecorder.php';
require_once __DIR__ . '/../modules/servers/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/../modules/servers/easymailarchive/hooks.php';
require_once __DIR__ . '/support/FakeGateway.php';
require_once __DIR__ . '/support/FakeMysqlPdo.php';
require_once __DIR__ . '/support/ModuleTestCase.php';

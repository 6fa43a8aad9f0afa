<?php

// Stands in for what WHMCS provides to a module (stubs/: the WHMCS constant and functions, its CSRF token, and the
// Capsule database layer, here an in-memory SQLite database), then loads the server module and the addon as WHMCS
// does.

require_once __DIR__ . '/stubs/whmcs.php';
require_once __DIR__ . '/stubs/ProgramExit.php';
require_once __DIR__ . '/stubs/csrf.php';
require_once __DIR__ . '/stubs/WhmcsHooks.php';
require_once __DIR__ . '/stubs/Capsule.php';
require_once __DIR__ . '/support/ModuleLogRecorder.php';
require_once __DIR__ . '/../modules/servers/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/../modules/servers/easymailarchive/hooks.php';
require_once __DIR__ . '/../modules/addons/easymailarchive/easymailarchive.php';
require_once __DIR__ . '/support/PhpServer.php';
require_once __DIR__ . '/support/FakeGateway.php';
require_once __DIR__ . '/support/FakeWorker.php';
require_once __DIR__ . '/support/FakeMysqlPdo.php';
require_once __DIR__ . '/support/ModuleTestCase.php';

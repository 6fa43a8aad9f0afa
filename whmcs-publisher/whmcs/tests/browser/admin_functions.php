<?php

// What the browser test's admin area provides of WHMCS besides the CSRF token (../stubs/csrf.php): the constants
// of a request to the admin area, and the Activity Log, kept in WHMCS's table so that its page can show it.

if (!defined('WHMCS')) {
    define('WHMCS', true);
}
if (!defined('ADMINAREA')) {
    define('ADMINAREA', true);
}

/** WHMCS's Activity Log (tblactivitylog), with the logged-in admin as its user. */
function logActivity($description, $userId = 0)
{
    BrowserAdminArea::log((string) $description);
}

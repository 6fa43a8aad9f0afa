<?php

// WHMCS's CSRF protection as an admin-area module meets it: generate_token() gives the session's token (as a
// hidden form field by default), check_token() compares the request's "token" field with it and ends the request
// (ProgramExit) when they differ. The token depends on the session, as in WHMCS.

/** @param string $type "form" (a hidden input named token), "plain" (the value) or "link" ("&token=...") */
function generate_token($type = 'form')
{
    if (!isset($_SESSION['tkval'])) {
        $_SESSION['tkval'] = bin2hex(random_bytes(16));
    }
    $token = sha1($_SESSION['tkval'] . session_id() . ':whmcscrsf');
    if ($type === 'plain') {
        return $token;
    }
    if ($type === 'link') {
        return '&token=' . $token;
    }
    return '<input type="hidden" name="token" value="' . $token . '" />';
}

/** @throws \WHMCS\Exception\ProgramExit when the request's token is not the session's */
function check_token($namespace = 'WHMCS.default', $token = null)
{
    $token = $token ?? ($_REQUEST['token'] ?? '');
    if (!is_string($token) || !hash_equals(generate_token('plain'), $token)) {
        throw new \WHMCS\Exception\ProgramExit('Invalid CSRF Protection Token');
    }
    return true;
}

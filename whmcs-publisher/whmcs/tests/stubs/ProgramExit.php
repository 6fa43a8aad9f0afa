<?php

namespace WHMCS\Exception;

/**
 * What WHMCS throws to end a request with a message, e.g. check_token()'s "Invalid CSRF Protection Token": WHMCS
 * catches it and shows the message instead of the page.
 */
class ProgramExit extends \Exception
{
}

package com.payonce.sandbox.web;

/** Every 4xx/5xx body: a stable code to branch on, and a message for people. */
record ErrorBody(String code, String message) {}

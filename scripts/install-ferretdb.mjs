console.log("[caredesk] ferretdb install: pending");

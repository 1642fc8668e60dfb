-- The column holds the runner's session id, not an environment's name: renamed in place
-- so every session keeps its link to the runner.
ALTER TABLE "LabSession" RENAME COLUMN "environmentName" TO "runnerSessionId";

import type { Route } from "../route.js";
import { appRoutes } from "./app-routes.js";
import { checkRoutes } from "./check-routes.js";
import { commentRoutes } from "./comment-routes.js";
import { issueRoutes } from "./issue-routes.js";
import { labelRoutes } from "./label-routes.js";
import { repoRoutes } from "./repo-routes.js";

/** Every operation the local GitHub serves; each must be in the OpenAPI subset. */
export const allRoutes: Route[] = [
  ...appRoutes,
  ...repoRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...labelRoutes,
  ...checkRoutes,
];

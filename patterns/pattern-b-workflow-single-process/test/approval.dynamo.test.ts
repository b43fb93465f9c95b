/** Approval (REQUIRE_CONFIRMATION) through pattern B's real handler, sessions and bookings in DynamoDB (dynalite). */
import { expect, it } from 'vitest';
import { approvalInDynamo } from '../../../shared/runtime/test/approval-harness';
import { build as buildPatternB } from '../src/handler';

approvalInDynamo('b', buildPatternB, { it, expect });
